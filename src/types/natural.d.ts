// natural's package entry loads every module it has (database drivers included: 1.4 s, 160 MB),
// so the engine imports the few modules it uses by path; these are their shapes.
declare module 'natural/lib/natural/stemmers/porter_stemmer' {
  const PorterStemmer: { stem(token: string): string };
  export = PorterStemmer;
}

declare module 'natural/lib/natural/classifiers/bayes_classifier' {
  interface Classification {
    label: string;
    value: number;
  }
  /**
   * The model inside (natural's "apparatus" Bayes): a dense vector or a sparse index map (key to
   * vocabulary index) per example; the sparse form counts features but not examples.
   */
  interface BayesModel {
    addExample(observation: number[] | Record<number, number>, label: string): void;
    train(): void;
    getClassifications(observation: number[] | Record<number, number>): Classification[];
    classTotals: Record<string, number>;
    /** Per class: how often each feature (by vocabulary index) occurred, plus the smoothing. */
    classFeatures: Record<string, Record<number, number>>;
    /** What an unseen feature counts as. */
    smoothing: number;
    totalExamples: number;
  }
  class BayesClassifier {
    constructor(stemmer?: unknown, smoothing?: number);
    classifier: BayesModel;
  }
  export = BayesClassifier;
}
