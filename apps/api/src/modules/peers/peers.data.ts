import { actionFields, type MeasureStatus, type StartWindow, type Tx } from '@werkstatt/db';
import { eq, type SQL, sql } from 'drizzle-orm';

export interface PeerSearch {
  /** Action field key, matched across programs. */
  actionFieldKey: string | null;
  /** A user's search text (websearch syntax, all words must match). */
  query: string | null;
  /** Text of a measure to find similar ones to: any of its words may match. */
  similarTo: string | null;
  /** The asking municipality, never part of the result. */
  excludeMunicipalityId: string | null;
  limit: number;
}

export type PeerRow = {
  id: string;
  title: string;
  description: string;
  actionFieldKey: string;
  actionFieldTitle: string;
  status: MeasureStatus;
  progress: number;
  startWindow: StartWindow | null;
  startDate: string | null;
  endDate: string | null;
  fundingSource: string | null;
  grantProgram: string | null;
  fieldMatch: boolean;
  textMatch: boolean;
  score: number;
  municipalityId: string;
  municipalityName: string;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
};

// Must be the expression of the measures_search_idx index, or the planner cannot use it.
const searchVector = sql`to_tsvector('german'::regconfig, m.title || ' ' || m.description)`;

/**
 * The tsquery of a search: a user's text with websearch syntax (every word must match), or a
 * measure's text as the OR of its German lexemes (quoted, so no input is tsquery syntax).
 */
function tsQuery(s: PeerSearch): SQL | null {
  if (s.query) return sql`websearch_to_tsquery('german'::regconfig, ${s.query})`;
  if (s.similarTo) {
    return sql`(select to_tsquery('simple'::regconfig, coalesce(string_agg(quote_literal(l), ' | '), ''))
      from unnest(tsvector_to_array(to_tsvector('german'::regconfig, ${s.similarTo}))) as l)`;
  }
  return null;
}

/**
 * Measures of public strategies that share the action field (by key) or match the text, best first.
 * Must run in the 'public' RLS scope: the policies then expose only live measures of public
 * strategies; the joins below state the same rule again so the query is correct on its own.
 * The field side and the text side are each index-served (measures_action_field_idx via an
 * initplan array, measures_search_idx via the tsquery) and combined with a bitmap OR.
 */
export async function findPeerMeasures(tx: Tx, s: PeerSearch): Promise<PeerRow[]> {
  const query = tsQuery(s);
  const fieldIds = s.actionFieldKey
    ? sql`array(select af.id from action_fields af where af.key = ${s.actionFieldKey} and af.deleted_at is null)`
    : sql`'{}'::uuid[]`;
  const fieldMatch = sql`m.action_field_id = any(${fieldIds})`;
  const textMatch = query ? sql`${searchVector} @@ ${query}` : sql`false`;
  const rank = query ? sql`ts_rank(${searchVector}, ${query})` : sql`0`;
  const exclude = s.excludeMunicipalityId
    ? sql`and m.municipality_id <> ${s.excludeMunicipalityId}::uuid`
    : sql``;
  const result = await tx.execute<Omit<PeerRow, 'score'> & { score: string | number }>(sql`
    select m.id, m.title, m.description, af.key as "actionFieldKey", af.title as "actionFieldTitle",
      m.status, m.progress, m.start_window as "startWindow", m.start_date::text as "startDate",
      m.end_date::text as "endDate", m.funding_source as "fundingSource", m.grant_program as "grantProgram",
      ${fieldMatch} as "fieldMatch", coalesce(${textMatch}, false) as "textMatch",
      (case when ${fieldMatch} then 1 else 0 end + coalesce(${rank}, 0))::float8 as score,
      mu.id as "municipalityId", mu.name as "municipalityName", mu.contact_name as "contactName",
      mu.contact_email as "contactEmail", mu.contact_phone as "contactPhone"
    from measures m
    join strategies st on st.municipality_id = m.municipality_id and st.visibility = 'public'
    join municipalities mu on mu.id = m.municipality_id and mu.deleted_at is null
    join action_fields af on af.id = m.action_field_id
    where m.deleted_at is null ${exclude} and (${fieldMatch} or ${textMatch})
    order by score desc, m.id
    limit ${s.limit}`);
  return result.rows.map((r) => ({ ...r, score: Number(r.score) }));
}

export async function actionFieldKeyOf(tx: Tx, actionFieldId: string): Promise<string | null> {
  const [row] = await tx
    .select({ key: actionFields.key })
    .from(actionFields)
    .where(eq(actionFields.id, actionFieldId));
  return row?.key ?? null;
}
