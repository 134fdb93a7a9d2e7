import { ConnectorError, defineAction } from '@coachflow/connector-sdk';
import { coursesByField, type CourseField, type MoodleCourse } from '../client/moodle.lookups.js';

export interface FindCoursesInput {
  field: CourseField;
  value: string;
}

/** Finds visible Moodle courses by id, idnumber, shortname or category id. */
export const findCourses = defineAction<FindCoursesInput, { courses: MoodleCourse[] }>({
  displayName: { 'zh-CN': '查找课程', en: 'Find courses' },
  input: {
    type: 'object',
    required: ['field', 'value'],
    properties: {
      field: { type: 'string', enum: ['idnumber', 'shortname', 'id', 'category'], default: 'idnumber', title: 'Match on' },
      value: { type: 'string', minLength: 1, title: 'Value' },
    },
  },
  output: {
    type: 'object',
    properties: {
      courses: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, shortname: { type: 'string' }, fullname: { type: 'string' }, idnumber: { type: 'string' }, categoryid: { type: 'integer' } } } },
    },
  },
  sends: ['field', 'value'],
  async run(ctx, input) {
    if (!['idnumber', 'shortname', 'id', 'category'].includes(input.field)) throw ConnectorError.nonRetryable('INVALID_INPUT', 'field must be idnumber, shortname, id or category');
    if (typeof input.value !== 'string' || input.value === '') throw ConnectorError.nonRetryable('INVALID_INPUT', 'value is required');
    return { courses: await coursesByField(ctx, input.field, input.value) };
  },
});
