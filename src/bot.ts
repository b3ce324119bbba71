import { randomUUID } from 'node:crypto';
import { ActivityHandler, type BotState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { Dialog, DialogState } from 'botbuilder-dialogs';
// By module path, as in dialogs/troubleshootDialog.ts: the package's entry loads every prompt.
import { DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog';
import { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
import { messages } from '../dialogs/messages';
import { UnknownPositionError } from './engine/walk';
import { isETagConflict } from './storage/eTagTrackingStorage';
import type { Logger } from './logger';
import { textWithoutBotMentions } from './mentions';
import type { RateLimiter } from './rateLimiter';

export interface BotDeps {
  /** Per conversation: what is said once per chat or team. */
  readonly conversationState: BotState;
  /** Per user within a conversation: each person's troubleshooting flow is their own. */
  readonly userState: BotState;
  readonly dialog: Dialog;
  readonly dialogState: StatePropertyAccessor<DialogState>;
  readonly logger: Logger;
  readonly rateLimiter?: RateLimiter;
}

const RECENT_IDS = 20;

/**
 * Where a DialogContext looks for its memory scopes and path resolvers before building them: a
 * service collection, a dozen scope objects and a failing zod parse on every turn. They keep
 * nothing of a turn (per-turn values live in turnState), so the first turn's serve every turn.
 */
const DIALOG_MEMORY_KEY = 'DialogStateManagerConfiguration';

/** The error under botbuilder-dialogs' wrappers (DialogContextError keeps it in `error`). */
function rootCause(err: unknown): unknown {
  let current = err;
  for (let depth = 0; depth < 5 && current && typeof current === 'object' && 'error' in current; depth++)
    current = (current as { error: unknown }).error;
  return current;
}

/** The turn's own logger (with its turn id), for code that runs inside a turn. */
export const TURN_LOGGER = Symbol('turnLogger');

/** The activity handler: mentions, welcome, the dialog, saving state. No troubleshooting logic. */
export class TroubleshootBot extends ActivityHandler {
  private readonly welcomed: StatePropertyAccessor<boolean>;
  private readonly recentActivityIds: StatePropertyAccessor<string[]>;
  private readonly dialogs: DialogSet;
  private dialogMemory: unknown;

  constructor(private readonly deps: BotDeps) {
    super();
    // A dialog set built once, driven directly: the SDK's runDialog() helper would also load and
    // save its memory scopes and, for the Emulator, send a trace with the whole state every turn.
    this.dialogs = new DialogSet(deps.dialogState).add(deps.dialog);
    this.welcomed = deps.conversationState.createProperty<boolean>('welcomed');
    // Kept with the sender's own state (a resent message has the same sender), so a message turn
    // writes one state entry, not two.
    this.recentActivityIds = deps.userState.createProperty<string[]>('recentActivityIds');

    this.onMessage(async (context, next) => {
      context.activity.text = textWithoutBotMentions(context.activity);
      await this.runDialog(context);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const added = context.activity.membersAdded ?? [];
      const botAdded = added.some((m) => m?.id === botId);
      const personal = (context.activity.conversation?.conversationType ?? 'personal') === 'personal';
      // In a team or group chat, one intro when the bot arrives, not one per new colleague.
      if (botAdded || (personal && added.some((m) => m?.id !== undefined && m.id !== botId)))
        await this.welcomeOnce(context);
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      await this.welcomeOnce(context);
      await next();
    });
  }

  async run(context: TurnContext): Promise<void> {
    const { type, id, channelId } = context.activity;
    const log = this.deps.logger.child({ turnId: randomUUID().slice(0, 8), activityId: id, channelId });
    context.turnState.set(TURN_LOGGER, log);
    const started = Date.now();
    log.info({ type }, 'turn started');
    // What users type can hold tenant details: it is logged only when debugging.
    log.debug({ text: context.activity.text }, 'message text');
    if (await this.isRepeat(context)) return;
    if (type === 'message' && this.deps.rateLimiter) {
      const decision = this.deps.rateLimiter.check(`${channelId}/${context.activity.from?.id}`);
      if (decision !== 'allow') {
        log.warn({ decision }, 'user over the message rate limit');
        if (decision === 'limit-first') await context.sendActivity(messages.slowDown);
        await this.deps.userState.saveChanges(context);
        return;
      }
    }
    await super.run(context);
    try {
      await this.deps.conversationState.saveChanges(context);
      await this.deps.userState.saveChanges(context);
      log.info({ ms: Date.now() - started }, 'turn finished');
    } catch (err) {
      // Another instance saved this conversation first; its state stands, this turn's changes go.
      if (!isETagConflict(err)) throw err;
      this.deps.logger.warn(
        { conversation: context.activity.conversation?.id },
        'state changed under this turn; not saved',
      );
      await context.sendActivity(messages.collision);
    }
  }

  /**
   * Teams sends a message again when the bot took over ~15 s to answer it. Turns of a conversation
   * run one at a time (see storage/turnGate.ts), so the copy waits for the original and then
   * finds its id among its sender's last few in this conversation, wherever it was handled.
   */
  private async isRepeat(context: TurnContext): Promise<boolean> {
    const { id, type } = context.activity;
    if (!id || type !== 'message') return false;
    const recent = await this.recentActivityIds.get(context, []);
    if (recent.includes(id)) {
      this.deps.logger.info({ activityId: id }, 'ignored a repeated activity');
      return true;
    }
    await this.recentActivityIds.set(context, [...recent.slice(-(RECENT_IDS - 1)), id]);
    return false;
  }

  private async welcomeOnce(context: TurnContext): Promise<void> {
    if (await this.welcomed.get(context, false)) return;
    await this.welcomed.set(context, true);
    await context.sendActivity(messages.intro);
  }

  private async runDialog(context: TurnContext): Promise<void> {
    try {
      if (this.dialogMemory) context.turnState.set(DIALOG_MEMORY_KEY, this.dialogMemory);
      const dc = await this.dialogs.createContext(context);
      this.dialogMemory ??= context.turnState.get(DIALOG_MEMORY_KEY);
      // Saved by a version of the bot whose dialogs were different.
      const active = dc.activeDialog?.id;
      if (active !== undefined && !this.dialogs.find(active))
        throw new UnknownPositionError(`no dialog '${active}'`);
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.deps.dialog.id);
    } catch (err) {
      // State saved by an older knowledge version can point at a question that no longer exists.
      const cause = rootCause(err);
      if (!(cause instanceof UnknownPositionError)) throw err;
      this.deps.logger.warn(
        { reason: cause.message },
        'dialog state no longer matches the knowledge; restarting',
      );
      await this.deps.dialogState.delete(context);
      await context.sendActivity(messages.stateReset);
    }
  }
}
