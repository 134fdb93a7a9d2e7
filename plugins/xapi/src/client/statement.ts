/** Builds the xAPI statements the connector sends: account actor (never an e-mail), verb, course activity. */
export const VERBS = {
  // Activity Streams 1.0 "assign": the HR side assigned the course to the learner.
  assigned: 'http://activitystrea.ms/schema/1.0/assign',
  registered: 'http://adlnet.gov/expapi/verbs/registered',
  completed: 'http://adlnet.gov/expapi/verbs/completed',
} as const;

export type VerbName = keyof typeof VERBS;

export interface StatementInput {
  id: string;
  homePage: string;
  employeeId: string;
  verb: VerbName;
  courseId: string;
  courseName?: string;
}

export type Statement = {
  id: string;
  actor: { objectType: 'Agent'; account: { homePage: string; name: string } };
  verb: { id: string; display: { 'en-US': string } };
  object: { objectType: 'Activity'; id: string; definition?: { type: string; name: { 'en-US': string } } };
};

/** The course's activity IRI: an absolute IRI is kept, a bare id is placed under `{homePage}/courses/`. */
export function activityIri(homePage: string, courseId: string): string {
  if (/^https?:\/\//i.test(courseId)) return courseId;
  return `${homePage.replace(/\/+$/, '')}/courses/${encodeURIComponent(courseId)}`;
}

/** No `timestamp`: the LRS sets it, so a retry sends byte-identical content and is not a 409. */
export function buildStatement(input: StatementInput): Statement {
  const statement: Statement = {
    id: input.id,
    actor: { objectType: 'Agent', account: { homePage: input.homePage, name: input.employeeId } },
    verb: { id: VERBS[input.verb], display: { 'en-US': input.verb } },
    object: { objectType: 'Activity', id: activityIri(input.homePage, input.courseId) },
  };
  if (input.courseName) statement.object.definition = { type: 'http://adlnet.gov/expapi/activities/course', name: { 'en-US': input.courseName } };
  return statement;
}
