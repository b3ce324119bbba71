import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier';
import { trainBayes } from '../../src/engine/bayes';

// Training gives natural's model each document in its sparse form; what it learns must be what
// natural learns from the dense vectors it was built for, so the scores are natural's own.

const documents = [
  [['connector', 'stopped', 'service'], 'health'],
  [['connector', 'inactive'], 'health'],
  [['kerberos', 'spn', 'delegation'], 'kerberos'],
  [['kerberos', 'ticket', 'connector'], 'kerberos'],
  [['bad', 'gateway', 'backend'], 'gateway'],
  [['gateway', 'timeout', 'backend', 'slow'], 'gateway'],
] as const;

describe('naive Bayes training', () => {
  const trained = trainBayes(documents);

  // natural's own model, trained the way it documents: one dense vector per document.
  const dense = new BayesClassifier().classifier;
  for (const [features, label] of documents) {
    const vector = new Array<number>(trained.vocabulary.size).fill(0);
    for (const f of features) vector[trained.vocabulary.get(f)!] = 1;
    dense.addExample(vector, label);
  }
  dense.train();

  it.each([
    [['connector', 'stopped']],
    [['kerberos', 'spn']],
    [['gateway', 'backend', 'connector']],
    [['unknown-word', 'timeout']],
  ])('scores %j as natural does from dense vectors', (features) => {
    const indices = features.flatMap((f) => {
      const i = trained.vocabulary.get(f);
      return i === undefined ? [] : [i];
    });
    const natural = new Map(
      dense
        .getClassifications(Object.fromEntries(indices.map((index, key) => [key, index])))
        .map((c) => [c.label, Math.log(c.value)]),
    );
    const ours = trained.logLikelihoods(features);
    expect([...ours.keys()].sort()).toEqual([...natural.keys()].sort());
    for (const [label, log] of ours) expect(log).toBeCloseTo(natural.get(label)!, 9);
  });
});
