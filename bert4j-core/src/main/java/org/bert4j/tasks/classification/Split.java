package org.bert4j.tasks.classification;

/** Which file of a task: labeled training data, labeled development data, or unlabeled test data. */
public enum Split {
    TRAIN, DEV, TEST;

    /** The prefix of example ids, as in run_classifier.py's {@code "%s-%s" % (set_type, i)}. */
    public String prefix() { return name().toLowerCase(java.util.Locale.ROOT); }
}
