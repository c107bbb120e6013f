import type { Schema } from '@werkstatt/api-client';
import { de } from '../../i18n/de';
import { germanDate } from '../workshops/berlin-time';
import { Markdown } from './markdown';

const s = de.strategy;
const v = s.view;

const maturityText = (level: number | null) =>
  level === null ? s.maturityNone : s.maturityOption(level, s.maturityLevels[level] ?? '');

/** The strategy as someone who may not change it sees it: the Leitbild rendered, the fields in order. */
export function StrategyView({ strategy }: { strategy: Schema<'Strategy'> }) {
  const meeting = strategy.councilMeeting;
  return (
    <div className="strategy-view">
      <p className="muted">{s.readOnlyNote}</p>
      <section aria-labelledby="strategy-general" className="strategy-view-section">
        <h2 id="strategy-general">{s.general}</h2>
        <dl className="strategy-facts">
          <dt>{s.strategyTitle}</dt>
          <dd>{strategy.title}</dd>
          <dt>{s.summary}</dt>
          <dd className="pre-wrap">{strategy.summary || v.notSet}</dd>
          <dt>{s.visibility}</dt>
          <dd>{s.visibilities[strategy.visibility]}</dd>
          <dt>{s.nextReviewOn}</dt>
          <dd>{strategy.nextReviewOn ? germanDate(strategy.nextReviewOn) : v.notSet}</dd>
          <dt>{s.council}</dt>
          <dd>
            {meeting
              ? v.meeting(
                  meeting.body,
                  meeting.meetingOn ? germanDate(meeting.meetingOn) : '',
                  meeting.agendaItem ?? '',
                )
              : v.notSet}
          </dd>
        </dl>
      </section>
      <section aria-labelledby="strategy-leitbild" className="strategy-view-section">
        <h2 id="strategy-leitbild">{s.leitbild}</h2>
        <div className="leitbild-paper">
          {strategy.vision.trim() ? (
            <Markdown text={strategy.vision} headingBase={3} />
          ) : (
            <p className="muted">{s.previewEmpty}</p>
          )}
        </div>
      </section>
      <section aria-labelledby="strategy-fields" className="strategy-view-section">
        <h2 id="strategy-fields">{s.fields}</h2>
        {strategy.fields.length === 0 ? (
          <p className="muted">{s.fieldsEmpty}</p>
        ) : (
          <ol className="plain-list strategy-field-list">
            {strategy.fields.map((f) => (
              <li key={f.actionFieldId} className="strategy-field">
                <h3 className="strategy-field-title">
                  <span className="strategy-field-priority">{f.priority}.</span> {f.actionFieldTitle}
                </h3>
                <dl className="strategy-facts">
                  <dt>{s.goal}</dt>
                  <dd className="pre-wrap">{f.goal || v.noGoal}</dd>
                  {f.rationale ? (
                    <>
                      <dt>{s.rationale}</dt>
                      <dd className="pre-wrap">{f.rationale}</dd>
                    </>
                  ) : null}
                  <dt>{s.maturityNow}</dt>
                  <dd>{maturityText(f.maturityNow)}</dd>
                  <dt>{s.maturityTarget}</dt>
                  <dd>{maturityText(f.maturityTarget)}</dd>
                </dl>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
