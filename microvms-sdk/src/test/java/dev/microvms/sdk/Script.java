package dev.microvms.sdk;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Answers in order, then keeps giving the last answer: a resource whose state settles. */
final class Script<T> {
    private final Deque<T> answers = new ArrayDeque<>();

    Script(List<T> answers) {
        if (answers.isEmpty()) {
            throw new IllegalArgumentException("a script needs at least one answer");
        }
        this.answers.addAll(answers);
    }

    synchronized T next() {
        return answers.size() > 1 ? answers.poll() : answers.peek();
    }

    synchronized T peekLast() {
        return answers.peekLast();
    }

    synchronized void replace(List<T> next) {
        answers.clear();
        answers.addAll(next);
    }
}
