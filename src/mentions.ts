import type { Activity } from 'botbuilder';

/**
 * The message text with every mention of the bot removed. Teams puts "<at>Name</at>" in the text
 * and a mention entity whose `mentioned.id` is the bot's id; the display name can differ from the
 * bot's, so the entity, not the name, says which tags to remove. Other people's mentions stay.
 */
export function textWithoutBotMentions(activity: Partial<Activity>): string {
  let text = typeof activity.text === 'string' ? activity.text : '';
  if (!text) return '';
  const botId = activity.recipient?.id;
  // Each distinct tag once: a message may repeat the same mention entity many times.
  const tags = new Set<string>();
  for (const entity of activity.entities ?? []) {
    if (entity?.type !== 'mention') continue;
    const mentioned = (entity as { mentioned?: { id?: unknown } }).mentioned;
    const tag = (entity as { text?: unknown }).text;
    if (botId && mentioned?.id === botId && typeof tag === 'string' && tag) tags.add(tag);
  }
  for (const tag of tags) text = text.split(tag).join(' ');
  return text.replace(/\s+/g, ' ').trim();
}
