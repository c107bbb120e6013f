import type { Database } from '@werkstatt/db';
import type { Config } from './config.js';
import type { Handlers } from './handlers.js';
import type { Mailer } from './mail/mailer.js';
import { sendWelcomeMail } from './mail/welcome.js';

export interface HandlerDeps {
  db: Database;
  mailer: Mailer;
  config: Pick<Config, 'APP_NAME' | 'APP_URL'>;
}

/** The handlers of every queue this worker consumes; production and dev mode run the same ones. */
export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    mail: {
      'user.welcome': (payload, ctx) => sendWelcomeMail(deps, payload, ctx),
    },
  };
}
