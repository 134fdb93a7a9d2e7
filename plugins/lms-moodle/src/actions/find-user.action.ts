import { ConnectorError, defineAction } from '@coachflow/connector-sdk';
import { usersByField, type MoodleUser, type UserField } from '../client/moodle.lookups.js';

export interface FindUserInput {
  field: UserField;
  value: string;
}

/** Looks a Moodle user up by id, idnumber (employee number), username or e-mail. */
export const findUser = defineAction<FindUserInput, { user: MoodleUser | null; matches: number }>({
  displayName: { 'zh-CN': '查找学员', en: 'Find user' },
  description: { 'zh-CN': '按工号、邮箱、用户名或 ID 查找 Moodle 用户', en: 'Find a Moodle user by employee number, e-mail, username or id' },
  input: {
    type: 'object',
    required: ['field', 'value'],
    properties: {
      field: { type: 'string', enum: ['idnumber', 'email', 'username', 'id'], default: 'idnumber', title: 'Match on' },
      value: { type: 'string', minLength: 1, title: 'Value' },
    },
  },
  output: {
    type: 'object',
    properties: {
      user: { type: ['object', 'null'], properties: { id: { type: 'integer' }, username: { type: 'string' }, fullname: { type: 'string' }, email: { type: 'string' }, idnumber: { type: 'string' } } },
      matches: { type: 'integer' },
    },
  },
  sends: ['field', 'value'],
  async run(ctx, input) {
    if (!['idnumber', 'email', 'username', 'id'].includes(input.field)) throw ConnectorError.nonRetryable('INVALID_INPUT', `field must be idnumber, email, username or id`);
    if (typeof input.value !== 'string' || input.value === '') throw ConnectorError.nonRetryable('INVALID_INPUT', 'value is required');
    const users = await usersByField(ctx, input.field, input.value);
    return { user: users[0] ?? null, matches: users.length };
  },
});
