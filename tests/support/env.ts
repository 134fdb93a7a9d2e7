/** Test environment: which mode this run exercises and where the real servers are. */
export type TestMode = 'embedded' | 'production';

export const MODE: TestMode = process.env.COACHFLOW_TEST_MODE === 'production' ? 'production' : 'embedded';
/** Base URL of the MariaDB/MySQL server (a database per test file is created under it). */
export const MYSQL_URL = process.env.COACHFLOW_TEST_MYSQL_URL ?? 'mysql://app:app@127.0.0.1:3306';
export const REDIS_URL = process.env.COACHFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
