import { OUT_OF_SCOPE, type Recogniser, type Recognition } from './recogniser';

export interface LabelledCase {
  readonly text: string;
  readonly topic: string;
  readonly cause?: string;
  /** On out-of-scope lines about another product whose errors look alike. */
  readonly neighbour?: string;
}

const optionalString = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';

/** Reads the topics.md evaluation format: one {"text","topic","cause"?,"neighbour"?} object a line. */
export function parseCases(jsonl: string, source = 'input'): LabelledCase[] {
  const cases: LabelledCase[] = [];
  jsonl.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new Error(`${source}:${i + 1}: not JSON (${(err as Error).message})`, { cause: err });
    }
    const v = value as Record<string, unknown>;
    if (
      typeof v.text !== 'string' ||
      typeof v.topic !== 'string' ||
      !optionalString(v.cause) ||
      !optionalString(v.neighbour)
    )
      throw new Error(
        `${source}:${i + 1}: expected {"text": string, "topic": string, "cause"?: string, "neighbour"?: string}`,
      );
    if (v.neighbour !== undefined && v.topic !== OUT_OF_SCOPE)
      throw new Error(`${source}:${i + 1}: "neighbour" belongs on out-of-scope lines only`);
    cases.push({
      text: v.text,
      topic: v.topic,
      ...(v.cause !== undefined ? { cause: v.cause } : {}),
      ...(v.neighbour !== undefined ? { neighbour: v.neighbour } : {}),
    });
  });
  return cases;
}

export interface Summary {
  cases: number;
  inScope: number;
  top1: number;
  top3: number;
  oosRecall: number;
  oosFalseAccept: number;
  causeAccuracy: number;
  neighbourAccuracy: number;
  p50us: number;
  p99us: number;
}

export interface CaseResult {
  readonly case: LabelledCase;
  readonly recognition: Recognition;
  /** The topic the bot would go with first, or out-of-scope. */
  readonly predicted: string;
  readonly detectedCause: string | undefined;
  /** The neighbour the recognition names, if any. */
  readonly neighbour: string | undefined;
  readonly micros: number;
}

export interface TopicRow {
  /** A topic id, out-of-scope, or a neighbour's id followed by " (neighbour)". */
  topic: string;
  support: number;
  predicted: number;
  precision: number;
  recall: number;
}

export interface Report {
  summary: Summary;
  perTopic: TopicRow[];
  confusions: { expected: string; predicted: string; count: number }[];
  results: CaseResult[];
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : Math.round((a / b) * 1000) / 1000);

export function evaluate(recogniser: Recogniser, cases: readonly LabelledCase[]): Report {
  // Latency is what a running bot sees: one untimed pass first, so the JIT has compiled the hot path.
  for (const c of cases) recogniser.recognise(c.text);
  const results: CaseResult[] = cases.map((c) => {
    const started = process.hrtime.bigint();
    const recognition = recogniser.recognise(c.text);
    const micros = Number(process.hrtime.bigint() - started) / 1000;
    let predicted = OUT_OF_SCOPE;
    let detectedCause: string | undefined;
    if (recognition.decision === 'match') {
      predicted = recognition.topic;
      detectedCause = recognition.cause?.cause;
    } else if (recognition.decision === 'ambiguous' && recognition.candidates[0]) {
      predicted = recognition.candidates[0].topic;
      detectedCause = recogniser.detectCause(predicted, c.text)?.cause;
    }
    const neighbour = recognition.decision === 'out-of-scope' ? recognition.neighbour?.id : undefined;
    return { case: c, recognition, predicted, detectedCause, neighbour, micros };
  });

  const inScope = results.filter((r) => r.case.topic !== OUT_OF_SCOPE);
  const oos = results.filter((r) => r.case.topic === OUT_OF_SCOPE);
  const withCause = results.filter((r) => r.case.cause !== undefined);
  const withNeighbour = results.filter((r) => r.case.neighbour !== undefined);
  const top3 = inScope.filter(
    (r) =>
      r.recognition.decision !== 'out-of-scope' &&
      r.recognition.candidates.slice(0, 3).some((c) => c.topic === r.case.topic),
  ).length;
  const latencies = results.map((r) => r.micros).sort((a, b) => a - b);

  const summary: Summary = {
    cases: results.length,
    inScope: inScope.length,
    top1: ratio(inScope.filter((r) => r.predicted === r.case.topic).length, inScope.length),
    top3: ratio(top3, inScope.length),
    oosRecall: ratio(oos.filter((r) => r.recognition.decision === 'out-of-scope').length, oos.length),
    oosFalseAccept: ratio(oos.filter((r) => r.recognition.decision === 'match').length, oos.length),
    causeAccuracy: ratio(withCause.filter((r) => r.detectedCause === r.case.cause).length, withCause.length),
    neighbourAccuracy: ratio(
      withNeighbour.filter((r) => r.neighbour === r.case.neighbour).length,
      withNeighbour.length,
    ),
    p50us: Math.round(percentile(latencies, 50)),
    p99us: Math.round(percentile(latencies, 99)),
  };

  const labels = [...new Set(results.flatMap((r) => [r.case.topic, r.predicted]))].sort();
  const perTopic = labels.map((topic) => {
    const support = results.filter((r) => r.case.topic === topic).length;
    const predicted = results.filter((r) => r.predicted === topic).length;
    const hits = results.filter((r) => r.case.topic === topic && r.predicted === topic).length;
    return { topic, support, predicted, precision: ratio(hits, predicted), recall: ratio(hits, support) };
  });
  const neighbours = [...new Set(results.flatMap((r) => [r.case.neighbour, r.neighbour]))]
    .filter((n): n is string => n !== undefined)
    .sort();
  for (const id of neighbours) {
    const support = results.filter((r) => r.case.neighbour === id).length;
    const predicted = results.filter((r) => r.neighbour === id).length;
    const hits = results.filter((r) => r.case.neighbour === id && r.neighbour === id).length;
    perTopic.push({
      topic: `${id} (neighbour)`,
      support,
      predicted,
      precision: ratio(hits, predicted),
      recall: ratio(hits, support),
    });
  }

  const pairs = new Map<string, number>();
  for (const r of results)
    if (r.predicted !== r.case.topic) {
      const key = `${r.case.topic}\u0000${r.predicted}`;
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
    }
  const confusions = [...pairs.entries()]
    .map(([key, count]) => {
      const [expected, predicted] = key.split('\u0000') as [string, string];
      return { expected, predicted, count };
    })
    .sort((a, b) => b.count - a.count);

  return { summary, perTopic, confusions, results };
}
