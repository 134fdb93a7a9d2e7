import { p } from '@mikro-orm/core';

/**
 * A JSON value stored as LONGTEXT (TEXT on SQLite) and (de)serialised by the engine
 * (persistence/json.ts). Not the JSON column type: MariaDB's JSON is LONGTEXT with a json_valid
 * CHECK that refuses documents nested deeper than 32 levels (a legitimate rule can nest deeper),
 * and MariaDB returns JSON as a string anyway. Text round-trips identically on SQLite, MySQL and MariaDB.
 */
export const jsonText = () => p.text().columnType('longtext');
