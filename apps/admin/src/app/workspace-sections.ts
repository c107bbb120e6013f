import { de } from '../i18n/de';

/** The pages of a municipality's strategy workspace, under `/arbeitsbereich/$municipalityId`. */
export const workspaceSections = [
  { to: '/arbeitsbereich/$municipalityId', label: de.workspace.nav.home, exact: true },
  { to: '/arbeitsbereich/$municipalityId/strategie', label: de.workspace.nav.strategy, exact: false },
  { to: '/arbeitsbereich/$municipalityId/ideen', label: de.workspace.nav.ideas, exact: false },
  { to: '/arbeitsbereich/$municipalityId/massnahmen', label: de.workspace.nav.measures, exact: false },
  { to: '/arbeitsbereich/$municipalityId/roadmap', label: de.workspace.nav.roadmap, exact: false },
  { to: '/arbeitsbereich/$municipalityId/versionen', label: de.workspace.nav.versions, exact: false },
  { to: '/arbeitsbereich/$municipalityId/werkstaetten', label: de.workspace.nav.workshops, exact: false },
  { to: '/arbeitsbereich/$municipalityId/verwaltung', label: de.workspace.nav.administration, exact: false },
] as const;

export type WorkspacePath = (typeof workspaceSections)[number]['to'];
