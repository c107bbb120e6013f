import { de } from '../../i18n/de';
import type { Measure } from './measure-values';

const t = de.measureSheet.progress;

/**
 * The progress in words and as a bar: from the ticked steps, or as entered by hand. One instance on
 * the page announces changes (`announce`), so a tick is read out once.
 */
export function ProgressLine({ measure, announce = false }: { measure: Measure; announce?: boolean }) {
  const text =
    measure.progressSource === 'steps'
      ? t.fromSteps(measure.stepsDone, measure.stepsTotal, measure.progress)
      : t.manual(measure.progress);
  return (
    <div className="progress-line">
      <p className="progress-text" aria-live={announce ? 'polite' : undefined}>
        {text}
      </p>
      {/* The bar repeats the text: hidden from screen readers, which read the sentence. */}
      <div className="progress-bar" aria-hidden="true">
        <div className="progress-bar-fill" style={{ width: `${measure.progress}%` }} />
      </div>
    </div>
  );
}
