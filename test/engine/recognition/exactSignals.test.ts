import { loadKnowledge } from '../../../src/engine/knowledge';
import { defaultKnowledgeDir } from '../../../src/engine/paths';
import { createExactSignals } from '../../../src/engine/recognition/exactSignals';
import { normalise } from '../../../src/engine/text';

const kb = loadKnowledge(defaultKnowledgeDir());
const signals = createExactSignals([...kb.topics.values()]);
const find = (text: string) => signals.find(normalise(text));

describe('exact signals', () => {
  it('names the topic of a documented code, event ID and URL', () => {
    expect(find('AADSTS50059 again')).toContainEqual({
      kind: 'code',
      value: 'AADSTS50059',
      topic: 'registration-no-tenant',
    });
    expect(find('we see 13020 on both connectors')).toContainEqual({
      kind: 'event-id',
      value: 13020,
      topic: 'kerberos-13020',
    });
    expect(find('https://proxy.cloudwebappproxy.net/registerapp is disabled').map((e) => e.kind)).toContain(
      'url',
    );
  });

  it('reads the event ID of a pasted Event Viewer entry from its field', () => {
    const paste =
      'Log Name: Microsoft-AadApplicationProxy-Connector/Admin\nSource: x\nEvent ID: 12027\nLevel: Error';
    expect(find(paste)).toContainEqual({ kind: 'event-id', value: 12027, topic: 'kerberos-12027' });
  });

  it('calls an AADSTS code no topic documents foreign', () => {
    expect(find('AADSTS50105 on the HR portal')).toEqual([{ kind: 'foreign-error', value: 'AADSTS50105' }]);
  });

  it('does not call an identifier a topic documents foreign, but does one no topic has', () => {
    expect(find('Status Code: BadGateway').some((e) => e.kind === 'foreign-error')).toBe(false);
    expect(find('ConnectorError:Unauthorized').some((e) => e.kind === 'foreign-error')).toBe(false);
    expect(find('ConnectorError:SslHandshakeFailed')).toContainEqual({
      kind: 'foreign-error',
      value: 'connectorerror:sslhandshakefailed',
    });
  });

  it('does not read a number inside a longer one as an event ID', () => {
    expect(find('ticket 1301966 and port 130200')).toEqual([]);
  });
});
