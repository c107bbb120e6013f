import type { Database } from '@werkstatt/db';
import type { Config } from './config.js';
import { type RenderPdf, renderDocument } from './documents/render-document.js';
import type { Handlers } from './handlers.js';
import type { Mailer } from './mail/mailer.js';
import { sendWelcomeMail } from './mail/welcome.js';

export interface HandlerDeps {
  db: Database;
  mailer: Mailer;
  config: Pick<Config, 'APP_NAME' | 'APP_URL' | 'JOB_ATTEMPTS'>;
  /** Replaces the PDF renderer (tests slow it down to stop a worker mid-render). */
  renderPdf?: RenderPdf;
}

/** The handlers of every queue this worker consumes; production and dev mode run the same ones. */
export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    documents: {
      'document.render': (payload, ctx) => renderDocument(deps, payload, ctx),
    },
    mail: {
      'user.welcome': (payload, ctx) => sendWelcomeMail(deps, payload, ctx),
    },
  };
}
