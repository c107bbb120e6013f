import { de } from '../../i18n/de';
import { PageHeader } from '../../ui/PageHeader';

export function StrategyPage() {
  return <PageHeader title={de.workspace.nav.strategy} />;
}
