import { defineConnector } from '@coachflow/connector-sdk';
import { enrolUser } from './actions/enrol-user.action.js';
import { findCourses } from './actions/find-courses.action.js';
import { findUser } from './actions/find-user.action.js';

/** Moodle LMS through its stock REST web services (CONTRACTS.md 2.4). */
export default defineConnector({
  id: 'lms-moodle',
  version: 1,
  displayName: { 'zh-CN': 'Moodle 学习平台', en: 'Moodle LMS' },
  description: { 'zh-CN': '查找学员与课程，并为学员报名课程', en: 'Find users and courses, enrol users in courses' },
  credentials: {
    baseUrl: { type: 'string', format: 'uri', required: true, displayName: { 'zh-CN': 'Moodle 地址', en: 'Moodle URL (wwwroot)' } },
    token: { type: 'string', secret: true, required: true, displayName: { 'zh-CN': 'Web 服务令牌', en: 'Web service token' } },
  },
  actions: { findUser, findCourses, enrolUser },
});
