import { de } from '../../i18n/de';
import type { Measure } from './measure-values';

const t = de.measureSheet.progress;

/** The progress in words and as a bar: from the ticked steps, or as entered by hand. */
export function ProgressLine({ measure }: { measure: Measure }) {
  const text =
    measure.progressSource === 'steps'
      ? t.fromSteps(measure.stepsDone, measure.stepsTotal, measure.progress)
      : t.manual(measure.progress);
  return (
    <div className="progress-line">
      <p className="progress-text" aria-live="polite">
        {text}
      </p>
      {/* The bar repeats the text: hidden from screen readers, which read the sentence. */}
      <div className="progress-bar" aria-hidden="true">
        <div className="progress-bar-fill" style={{ width: `${measure.progress}%` }} />
      </div>
    </div>
  );
}
