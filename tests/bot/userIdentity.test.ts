import { identityFromActivity } from '../../src/bot/userIdentity';

describe('identityFromActivity', () => {
  test.each([
    [
      'Teams: tenant and AAD object id',
      {
        channelId: 'msteams',
        from: { id: '29:x', aadObjectId: 'aad-1' },
        channelData: { tenant: { id: 't-1' } },
      },
      ['teams:t-1/aad-1'],
    ],
    [
      'Teams: tenant from the conversation',
      {
        channelId: 'msteams',
        from: { id: '29:x', aadObjectId: 'aad-1' },
        conversation: { id: 'c', tenantId: 't-2' },
      },
      ['teams:t-2/aad-1'],
    ],
    ['Teams without an AAD object id: unidentified', { channelId: 'msteams', from: { id: '29:x' } }, []],
    [
      'Slack event',
      {
        channelId: 'slack',
        from: { id: 'U1:T1' },
        channelData: { SlackMessage: { team_id: 'T9', event: { user: 'U9' } } },
      },
      ['slack:T9/U9'],
    ],
    [
      'Slack button (interactive payload)',
      {
        channelId: 'slack',
        from: { id: 'x' },
        channelData: { SlackMessage: { payload: { user: { id: 'U5', team_id: 'T5' }, team: { id: 'T5' } } } },
      },
      ['slack:T5/U5'],
    ],
    ['Slack from.id fallback', { channelId: 'slack', from: { id: 'U7:T7' } }, ['slack:T7/U7']],
    ['local Web Chat', { channelId: 'directline', from: { id: 'dl_abc' } }, ['webchat:dl_abc']],
    ['Azure Web Chat', { channelId: 'webchat', from: { id: 'dl_abc' } }, ['webchat:dl_abc']],
    ['Emulator', { channelId: 'emulator', from: { id: 'u1' } }, ['emulator:u1']],
  ])('%s', (_name, activity, ids) => {
    expect(identityFromActivity(activity as never).ids).toEqual(ids);
  });
});
