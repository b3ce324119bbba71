import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier';

// natural's Bayes classifier, fed with our own features. natural's wrapper turns every message
// into a vector as long as the whole vocabulary (thousands of entries, each found with indexOf);
// its model also accepts a sparse observation (the indices of the features present), which
// gives the same probabilities in a fraction of the time, so training builds the dense vectors
// once and classification passes only what is present.

export interface TrainedBayes {
  readonly labels: readonly string[];
  readonly vocabulary: ReadonlyMap<string, number>;
  /** Log-probability of each label given the known features present (priors are equal). */
  logLikelihoods(features: readonly string[]): Map<string, number>;
}

type Document = readonly [features: readonly string[], label: string];

/**
 * Repeats each label's documents (in turn) until every label has as many as the largest one.
 * natural's model scores a feature a class never saw as 1 / (documents in the class + 1), so a
 * topic we wrote more phrasings for would lose on every unfamiliar word, and its prior would win
 * instead; equal counts remove both effects without changing what each class's phrasings say.
 */
function balanced(documents: readonly Document[]): Document[] {
  const byLabel = new Map<string, Document[]>();
  for (const doc of documents)
    if (doc[0].length > 0) byLabel.set(doc[1], [...(byLabel.get(doc[1]) ?? []), doc]);
  const target = Math.max(...[...byLabel.values()].map((docs) => docs.length));
  return [...byLabel.values()].flatMap((docs) =>
    Array.from({ length: target }, (_, i) => docs[i % docs.length]!),
  );
}

export function trainBayes(documents: readonly Document[]): TrainedBayes {
  const vocabulary = new Map<string, number>();
  for (const [features] of documents)
    for (const f of features) if (!vocabulary.has(f)) vocabulary.set(f, vocabulary.size);

  // Each document is given to natural's model as the indices of its features (its sparse form):
  // a dense vector per document cost documents × vocabulary at start-up, over a second with long
  // phrasings in the knowledge. The sparse form counts the features but not the documents, so the
  // document totals the dense form keeps (one extra each, for smoothing) are set here the same way.
  const model = new BayesClassifier().classifier;
  const documentsPer = new Map<string, number>();
  let total = 0;
  for (const [features, label] of balanced(documents)) {
    model.addExample(
      Object.fromEntries([...new Set(features)].map((f, i) => [i, vocabulary.get(f)!])),
      label,
    );
    documentsPer.set(label, (documentsPer.get(label) ?? 0) + 1);
    total++;
  }
  for (const [label, count] of documentsPer) model.classTotals[label] = 1 + count;
  model.totalExamples = 1 + total;
  model.train();
  const labels = Object.keys(model.classTotals);

  // natural's own scoring, per class: log P(class) + Σ log(count(feature, class) / total(class)),
  // where an unseen feature counts as the model's smoothing; then exp(), which is 0 once the sum
  // drops below what a double holds. The same sums from a table of the trained counts' logs,
  // built once, instead of a division and a log for every feature, class and message.
  const MIN_LOG = Math.log(Number.MIN_VALUE);
  const perLabel = labels.map((label) => {
    const total = model.classTotals[label]!;
    const counts = model.classFeatures[label]!;
    const logs = new Float64Array(vocabulary.size);
    for (let i = 0; i < logs.length; i++) logs[i] = Math.log((counts[i] || model.smoothing) / total);
    return { label, logPrior: Math.log(total / model.totalExamples), logs };
  });

  return {
    labels,
    vocabulary,
    logLikelihoods(features) {
      const indices: number[] = [];
      for (const f of features) {
        const index = vocabulary.get(f);
        if (index !== undefined) indices.push(index);
      }
      const out = new Map<string, number>();
      for (const { label, logPrior, logs } of perLabel) {
        let sum = 0;
        for (const i of indices) sum += logs[i]!;
        const log = logPrior + sum;
        out.set(label, log > MIN_LOG ? log : -745);
      }
      return out;
    },
  };
}
