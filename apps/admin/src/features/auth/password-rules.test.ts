import { describe, expect, it } from 'vitest';
import { de } from '../../i18n/de';
import { problem } from '../../test/render';
import { passwordRuleMessage } from './SetPasswordPage';

const rejected = (message: string, path = 'body.password') =>
  problem(400, 'validation_failed', { errors: [{ path, message }] }) as Parameters<
    typeof passwordRuleMessage
  >[0];

describe('passwordRuleMessage', () => {
  it('tells the API’s bounds of a password in German', () => {
    expect(passwordRuleMessage(rejected('Too small: expected string to have >=12 characters'))).toBe(
      de.setPassword.tooShort(12),
    );
    expect(passwordRuleMessage(rejected('Too big: expected string to have <=1024 characters'))).toBe(
      de.setPassword.tooLong(1024),
    );
    expect(passwordRuleMessage(rejected('Invalid input'))).toBe(de.setPassword.invalid);
  });

  it('leaves problems with other fields to the form', () => {
    expect(passwordRuleMessage(rejected('Too small', 'body.token'))).toBeUndefined();
  });
});
