// What each channel can show. Unknown channels get plain text, which every channel can show.
const CARD_CHANNELS = new Set([
  'msteams',
  'emulator',
  'webchat',
  'directline',
  'test',
  'terminal',
  'playground',
]);
// Channels whose already-sent messages the bot may edit (to take the buttons off an answered card).
const UPDATE_CHANNELS = new Set(['msteams', 'emulator', 'webchat', 'directline', 'test']);

export const channelSupportsCards = (channelId: string | undefined): boolean =>
  CARD_CHANNELS.has(channelId ?? '');
export const channelSupportsUpdates = (channelId: string | undefined): boolean =>
  UPDATE_CHANNELS.has(channelId ?? '');
