import { de } from '../../i18n/de';
import { PageHeader } from '../../ui/PageHeader';

export function MunicipalityWorkshopsPage() {
  return <PageHeader title={de.workspace.nav.workshops} />;
}
