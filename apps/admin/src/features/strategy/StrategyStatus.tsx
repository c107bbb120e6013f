import { de } from '../../i18n/de';
import { Badge } from '../../ui/Badge';
import { type Adoption, describeAdoption } from './strategy-form';

/** „Entwurf“, or „Beschlossen am … mit Beschluss …“. */
export function StrategyStatus({ adoption }: { adoption: Adoption }) {
  return (
    <p className="strategy-status">
      <span className="visually-hidden">{de.strategy.status.label}: </span>
      <Badge tone={adoption.status === 'adopted' ? 'success' : 'neutral'}>{describeAdoption(adoption)}</Badge>
    </p>
  );
}
