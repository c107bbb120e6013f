import { type ReactNode, useEffect, useRef } from 'react';

interface AlertProps {
  tone: 'info' | 'success' | 'error';
  title: string;
  children?: ReactNode;
  /** Moves focus to the title when it appears, so a screen reader reads the outcome of an action. */
  focusOnMount?: boolean;
}

/** A boxed message. Errors are announced at once (`role="alert"`), the rest politely. */
export function Alert({ tone, title, children, focusOnMount = false }: AlertProps) {
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnMount) titleRef.current?.focus();
  }, [focusOnMount]);
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <h2 className="alert-title" ref={titleRef} tabIndex={-1}>
        {title}
      </h2>
      {children ? <div className="alert-body">{children}</div> : null}
    </div>
  );
}
