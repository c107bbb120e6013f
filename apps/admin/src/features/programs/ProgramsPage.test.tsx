import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { de } from '../../i18n/de';
import { fakeApi, signInAs } from '../../test/api';
import { renderPage } from '../../test/router';
import { ProgramsPage } from './ProgramsPage';
import { digitalWerkstatt } from './test-fixtures';

afterEach(() => vi.unstubAllGlobals());

describe('ProgramsPage', () => {
  it('lists the programs with their period, and offers moderators no way to create one', async () => {
    await signInAs('moderator');
    fakeApi({
      'GET /v1/programs': {
        status: 200,
        body: { data: [{ ...digitalWerkstatt, endsOn: '2021-12-31' }], nextCursor: null },
      },
    });
    await renderPage(<ProgramsPage />);
    expect(await screen.findByRole('link', { name: 'Digital-Werkstatt' })).toBeInTheDocument();
    expect(screen.getByText('01.01.2018 bis 31.12.2021')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: de.programs.create })).not.toBeInTheDocument();
  });
});
