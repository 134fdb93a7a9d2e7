/** Chinese name parts with pinyin for the demo directory. */

/** Common surnames (姓) with pinyin. */
export const SURNAMES: ReadonlyArray<readonly [string, string]> = [
  ['王', 'Wang'], ['李', 'Li'], ['张', 'Zhang'], ['刘', 'Liu'], ['陈', 'Chen'], ['杨', 'Yang'], ['赵', 'Zhao'],
  ['黄', 'Huang'], ['周', 'Zhou'], ['吴', 'Wu'], ['徐', 'Xu'], ['孙', 'Sun'], ['胡', 'Hu'], ['朱', 'Zhu'],
  ['高', 'Gao'], ['林', 'Lin'], ['何', 'He'], ['郭', 'Guo'], ['马', 'Ma'], ['罗', 'Luo'], ['梁', 'Liang'],
  ['宋', 'Song'], ['郑', 'Zheng'], ['谢', 'Xie'], ['韩', 'Han'], ['唐', 'Tang'], ['冯', 'Feng'], ['于', 'Yu'],
  ['董', 'Dong'], ['萧', 'Xiao'], ['程', 'Cheng'], ['曹', 'Cao'], ['袁', 'Yuan'], ['邓', 'Deng'], ['许', 'Xu'],
  ['傅', 'Fu'], ['沈', 'Shen'], ['曾', 'Zeng'], ['彭', 'Peng'], ['吕', 'Lv'],
];

/** Given names (名) with pinyin. */
export const GIVEN_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['伟', 'Wei'], ['芳', 'Fang'], ['娜', 'Na'], ['敏', 'Min'], ['静', 'Jing'], ['丽', 'Li'], ['强', 'Qiang'],
  ['磊', 'Lei'], ['军', 'Jun'], ['洋', 'Yang'], ['勇', 'Yong'], ['艳', 'Yan'], ['杰', 'Jie'], ['涛', 'Tao'],
  ['明', 'Ming'], ['超', 'Chao'], ['秀英', 'Xiuying'], ['霞', 'Xia'], ['平', 'Ping'], ['刚', 'Gang'],
  ['桂英', 'Guiying'], ['文', 'Wen'], ['辉', 'Hui'], ['鑫', 'Xin'], ['宇', 'Yu'], ['浩然', 'Haoran'],
  ['子涵', 'Zihan'], ['欣怡', 'Xinyi'], ['梓萱', 'Zixuan'], ['思远', 'Siyuan'], ['晨', 'Chen'], ['佳琪', 'Jiaqi'],
  ['一鸣', 'Yiming'], ['雨桐', 'Yutong'], ['俊杰', 'Junjie'], ['嘉怡', 'Jiayi'], ['建华', 'Jianhua'], ['志强', 'Zhiqiang'],
  ['海燕', 'Haiyan'], ['晓东', 'Xiaodong'], ['婷', 'Ting'], ['博', 'Bo'], ['凯', 'Kai'], ['琳', 'Lin'],
  ['雪', 'Xue'], ['倩', 'Qian'], ['鹏', 'Peng'], ['慧', 'Hui'], ['斌', 'Bin'], ['颖', 'Ying'],
  ['思琪', 'Siqi'], ['天宇', 'Tianyu'], ['梦瑶', 'Mengyao'], ['晓峰', 'Xiaofeng'], ['丹', 'Dan'], ['越', 'Yue'],
];
