// natural's logistic regression classifier, imported by path like the engine's Bayes (the
// package entry loads every module natural has). Its text API is the one the baseline uses.
declare module 'natural/lib/natural/classifiers/logistic_regression_classifier' {
  class LogisticRegressionClassifier {
    constructor(stemmer?: unknown);
    addDocument(text: string, label: string): void;
    train(): void;
    classify(text: string): string;
    getClassifications(text: string): { label: string; value: number }[];
  }
  export = LogisticRegressionClassifier;
}
