import { useMutation, useMutationState, useQueryClient } from '@tanstack/react-query';
import { fetchClient } from '../../api/client';
import { de } from '../../i18n/de';
import { useToast } from '../../ui/Toast';
import { workshopProblemMessage } from './problems';
import { fullName, type Registration, type RegistrationPage, registrationsKey } from './queries';

interface Toggle {
  registration: Registration;
  /** true: check in; false: undo the check-in. */
  present: boolean;
}

type Change = Pick<Registration, 'status' | 'attendedAt'>;

/**
 * One tap at the door: the list shows the person as present (or not) at once, the API is told in the
 * background, and a refusal puts the row back as it was and says why. Only that row is touched, so
 * taps on other people in the meantime stay.
 */
export function useCheckIn(workshopId: string) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const key = registrationsKey(workshopId);
  const mutationKey = ['check-in', workshopId];

  const patch = (id: string, change: Change) =>
    queryClient.setQueryData<RegistrationPage>(key, (page) =>
      page ? { ...page, data: page.data.map((r) => (r.id === id ? { ...r, ...change } : r)) } : page,
    );

  const mutation = useMutation({
    mutationKey,
    mutationFn: async ({ registration, present }: Toggle): Promise<Registration> => {
      const init = { params: { path: { id: workshopId, registrationId: registration.id } } };
      const { data, error } = present
        ? await fetchClient.POST('/v1/workshops/{id}/registrations/{registrationId}/check-in', init)
        : await fetchClient.DELETE('/v1/workshops/{id}/registrations/{registrationId}/check-in', init);
      if (error) throw error;
      return data;
    },
    onMutate: async ({ registration, present }: Toggle): Promise<Change> => {
      await queryClient.cancelQueries({ queryKey: key });
      const before = { status: registration.status, attendedAt: registration.attendedAt };
      patch(
        registration.id,
        present
          ? { status: 'attended', attendedAt: new Date().toISOString() }
          : { status: 'confirmed', attendedAt: null },
      );
      return before;
    },
    onError: (error, { registration }, before) => {
      if (before) patch(registration.id, before);
      toast('error', de.checkIn.failed(fullName(registration), workshopProblemMessage(error)));
    },
    onSuccess: (saved) => patch(saved.id, { status: saved.status, attendedAt: saved.attendedAt }),
    onSettled: async () => {
      // The last answer in a row of taps brings the list up to date (others may check in on a second tablet).
      if (queryClient.isMutating({ mutationKey }) === 1)
        await queryClient.invalidateQueries({ queryKey: key });
    },
  });

  const pending = useMutationState({
    filters: { mutationKey, status: 'pending' },
    select: (m) => (m.state.variables as Toggle | undefined)?.registration.id,
  });

  return { toggle: mutation.mutate, pendingIds: new Set(pending.filter(Boolean)) };
}
