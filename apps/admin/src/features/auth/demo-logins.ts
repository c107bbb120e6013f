/** The demo data's sign-ins (the seed in packages/db), listed on the sign-in page in development only. */
export const demoPassword = 'Werkstatt-Demo-2026';

export const demoLogins = [
  { email: 'programmbuero@werkstatt.example', role: 'program_admin' },
  { email: 'moderation@werkstatt.example', role: 'moderator' },
  { email: 'admin@wonnegau.example', role: 'municipality_admin' },
  { email: 'redaktion@wonnegau.example', role: 'municipality_editor' },
  { email: 'lesen@wonnegau.example', role: 'municipality_viewer' },
  { email: 'admin@eich.example', role: 'municipality_admin' },
] as const;
