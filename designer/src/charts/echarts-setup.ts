/**
 * ECharts, on demand: only `echarts/core` with the charts and components the app draws (line, bar,
 * heatmap; grid, tooltip, legend, mark line, visual map) and the canvas renderer. Imported
 * dynamically by EChart.vue, so it is its own chunk, loaded the first time a chart is shown.
 */
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([LineChart, BarChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, VisualMapComponent, CanvasRenderer]);

export { init };
