import { BotState, type Storage, type TurnContext } from 'botbuilder';

/**
 * State kept per user within a conversation. In a Teams channel or group chat several people
 * may troubleshoot at once; keyed by conversation alone, their dialogs would overwrite each other.
 */
export class UserInConversationState extends BotState {
  constructor(storage: Storage) {
    super(storage, async (context: TurnContext) => {
      const { channelId, conversation, from } = context.activity;
      if (!channelId || !conversation?.id || !from?.id)
        throw new Error('the activity has no channelId, conversation.id or from.id');
      return `${channelId}/conversations/${conversation.id}/users/${from.id}`;
    });
  }
}
