// Commands and small talk are read by the conversation core (src/engine/conversation/commands.ts).
export { commandOf, smallTalkOf, type Command, type SmallTalk } from '../src/engine/conversation/commands';
