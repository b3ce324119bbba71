import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier';
import LogisticRegressionClassifier from 'natural/lib/natural/classifiers/logistic_regression_classifier';
import guide from './guideRows.json';

// The baselines: what natural's own text classifiers learn from the guide alone. Each table row
// of the troubleshooting guide (its error text, description and resolution) is one training
// document labelled with its topic id. They always name a topic (natural's classifiers have no
// "none of these"), which is their first-ranked answer.

export interface GuideRow {
  readonly table: string;
  readonly error: string;
  readonly description: string;
  readonly resolution: string;
  readonly topic: string;
}

export interface TextClassifier {
  readonly name: string;
  classify(text: string): string;
}

/** The text API of natural's classifier wrappers (tokenise, stem, drop stop words, then the model). */
interface NaturalTextClassifier {
  addDocument(text: string, label: string): void;
  train(): void;
  classify(text: string): string;
}

export const guideRows: readonly GuideRow[] = guide.rows;

export const rowText = (row: GuideRow): string =>
  [row.error, row.description, row.resolution].filter((part) => part.length > 0).join(' ');

function trained(name: string, classifier: NaturalTextClassifier, rows: readonly GuideRow[]): TextClassifier {
  for (const row of rows) classifier.addDocument(rowText(row), row.topic);
  classifier.train();
  return { name, classify: (text) => classifier.classify(text) };
}

export function trainBaselines(rows: readonly GuideRow[] = guideRows): TextClassifier[] {
  // The engine's declaration of this module describes only the model inside; the wrapper also
  // has natural's text API, which is what a developer starting from the guide would call.
  const bayes = new BayesClassifier() as unknown as NaturalTextClassifier;
  return [
    trained('natural BayesClassifier', bayes, rows),
    trained('natural LogisticRegressionClassifier', new LogisticRegressionClassifier(), rows),
  ];
}
