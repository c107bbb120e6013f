import type { Handler, QueueHandlers } from '../../src/handlers.js';

const unused = async () => {
  throw new Error('This job is not part of the test.');
};

/** Mail handlers for tests about the job machinery: the welcome mail as given, every other mail refused. */
export function welcomeOnly(welcome: Handler<'mail', 'user.welcome'>): QueueHandlers<'mail'> {
  return {
    'user.welcome': welcome,
    'registration.optIn': unused,
    'registration.confirmed': unused,
    'registration.waitlisted': unused,
    'registration.promoted': unused,
    'registration.cancelled': unused,
    'workshop.changed': unused,
    'workshop.cancelled': unused,
    'application.accepted': unused,
    'application.declined': unused,
    'application.submitted': unused,
    'workshop.moderatorAssigned': unused,
    'user.erased': unused,
    'registration.erased': unused,
    'user.invitation': unused,
    'user.passwordReset': unused,
    'webhook.disabled': unused,
  };
}
