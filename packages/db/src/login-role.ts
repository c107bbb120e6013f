import pg from 'pg';
import { APP_ROLE, watchClient } from './client.js';

interface Queryable {
  query(text: string): Promise<{ rows: unknown[] }>;
}

/**
 * Why the connecting role is unfit to run a production process, or null. Row-level security does not
 * bind a superuser or a BYPASSRLS role, nor a role that may become one, so the owner of the data (the
 * role the migrations run as) must never be the one the API or the worker logs in as.
 */
export async function loginRoleProblem(db: Queryable): Promise<string | null> {
  const { rows } = await db.query(
    `select current_user as login,
       array(select r.rolname::text from pg_roles r
             where (r.rolsuper or r.rolbypassrls) and pg_has_role(current_user, r.oid, 'member')
             order by r.rolname) as privileged,
       (select pg_has_role(current_user, r.oid, 'member') from pg_roles r
        where r.rolname = '${APP_ROLE}') as "canSwitch",
       (select pg_has_role(current_user, r.oid, 'usage') from pg_roles r
        where r.rolname = '${APP_ROLE}') as "inherits"`,
  );
  const { login, privileged, canSwitch, inherits } = rows[0] as {
    login: string;
    privileged: string[];
    canSwitch: boolean | null;
    inherits: boolean | null;
  };
  if (privileged.length > 0) {
    const via = privileged.includes(login) ? '' : ` (through ${privileged.join(', ')})`;
    return (
      `DATABASE_URL logs in as "${login}", which is a superuser or has BYPASSRLS${via}: row-level security ` +
      `would not bind it. Log in as a role that owns nothing and may only switch to ${APP_ROLE}, e.g. ` +
      `CREATE ROLE werkstatt_api LOGIN PASSWORD '…' NOSUPERUSER NOBYPASSRLS INHERIT; ` +
      `GRANT ${APP_ROLE} TO werkstatt_api; (README, "Real PostgreSQL and Redis").`
    );
  }
  if (canSwitch === null) {
    return `The role ${APP_ROLE} does not exist: apply the migrations first (pnpm --filter @werkstatt/db migrate).`;
  }
  if (!canSwitch) {
    return `DATABASE_URL logs in as "${login}", which may not switch to ${APP_ROLE}: GRANT ${APP_ROLE} TO ${login};`;
  }
  // The statement that opens every transaction calls the principal check in the same breath as it
  // switches role, and Postgres checks EXECUTE on the function before the switch takes effect.
  if (!inherits) {
    return (
      `DATABASE_URL logs in as "${login}", which does not inherit the rights of ${APP_ROLE} (NOINHERIT): ` +
      `the check that opens every transaction would be refused. ALTER ROLE ${login} INHERIT;`
    );
  }
  return null;
}

/** loginRoleProblem on a connection of its own, for a process that checks before it starts. */
export async function loginRoleProblemAt(connectionString: string): Promise<string | null> {
  const client = watchClient(new pg.Client({ connectionString }));
  await client.connect();
  try {
    return await loginRoleProblem(client);
  } finally {
    await client.end();
  }
}
