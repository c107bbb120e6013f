import { de } from '../../i18n/de';
import { PageHeader } from '../../ui/PageHeader';

export function MunicipalityAdminPage() {
  return <PageHeader title={de.workspace.nav.administration} />;
}
