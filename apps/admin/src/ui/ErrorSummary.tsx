import { useEffect, useRef } from 'react';
import { fieldId } from './FormField';

interface ErrorSummaryProps {
  title: string;
  /** The failing fields in form order; each links to its control. */
  items: readonly { inputName: string; message: string }[];
  /** Changes on every failed submit, so focus returns to the summary each time. */
  attempt: number;
}

/** The list of problems above a form, focused after a failed submit (GOV.UK pattern). */
export function ErrorSummary({ title, items, attempt }: ErrorSummaryProps) {
  const ref = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus again after each failed attempt
  useEffect(() => {
    ref.current?.focus();
  }, [attempt]);
  if (items.length === 0) return null;
  return (
    <div className="alert alert-error error-summary" role="alert" tabIndex={-1} ref={ref}>
      <h2 className="alert-title">{title}</h2>
      <ul>
        {items.map((item) => (
          <li key={item.inputName}>
            <a
              href={`#${fieldId(item.inputName)}`}
              onClick={(event) => {
                event.preventDefault();
                document.getElementById(fieldId(item.inputName))?.focus();
              }}
            >
              {item.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
