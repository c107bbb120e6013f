import { z } from 'zod';
import { newPassword, user } from '../users/index.js';

export const loginBody = z
  .object({
    email: z.email().max(254).meta({ example: 'programmbuero@werkstatt.example' }),
    password: z.string().min(1).max(1024).meta({ example: 'Werkstatt-Demo-2026' }),
  })
  .strict()
  .meta({ id: 'LoginRequest' });

export const refreshBody = z
  .object({
    refreshToken: z.string().min(20).max(200).optional().meta({
      description:
        'The refresh token (body mode, for scripts). Without it the request is in cookie mode: the token comes from the `werkstatt_refresh` cookie.',
    }),
  })
  .strict()
  .meta({ id: 'RefreshRequest' });

export const tokenResponse = z
  .object({
    tokenType: z.literal('Bearer'),
    accessToken: z.string(),
    expiresIn: z.number().int().meta({ description: 'Seconds until the access token expires.' }),
    refreshToken: z.string().optional().meta({
      description:
        'Single use: every refresh returns a new one. Absent in cookie mode, where it is set as the `werkstatt_refresh` cookie instead.',
    }),
    user,
  })
  .meta({ id: 'TokenResponse' });
export type TokenResponse = z.infer<typeof tokenResponse>;

export const me = user
  .extend({
    municipality: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }).nullable(),
  })
  .meta({ id: 'Me' });
export type MeDto = z.infer<typeof me>;

export const passwordResetRequestBody = z
  .object({ email: z.email().max(254).meta({ example: 'anna.schmidt@vg-musterstadt.de' }) })
  .strict()
  .meta({ id: 'PasswordResetRequest' });

export const setPasswordBody = z
  .object({
    token: z
      .string()
      .min(20)
      .max(200)
      .meta({ description: 'The secret from the link of an invitation or password-reset mail.' }),
    password: newPassword,
  })
  .strict()
  .meta({ id: 'SetPasswordRequest' });

export const changePasswordBody = z
  .object({
    currentPassword: z.string().min(1).max(1024),
    newPassword,
  })
  .strict()
  .meta({ id: 'ChangePasswordRequest' });

export const clientHeaders = z
  .object({
    'x-werkstatt-client': z.literal('browser').optional().meta({
      description:
        'Cookie mode, for the admin console in a browser: the refresh token travels only in the `werkstatt_refresh` cookie (HttpOnly, Secure, SameSite=Strict, Path=/v1/auth), never in the body.',
    }),
  })
  .loose();
