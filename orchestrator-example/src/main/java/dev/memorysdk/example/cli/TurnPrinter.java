package dev.memorysdk.example.cli;

import dev.memorysdk.Interaction;
import java.io.PrintWriter;
import java.util.List;

/** Prints turns for a terminal: one numbered pair of lines each, long text shortened. */
final class TurnPrinter {

    /** Text longer than this many characters is cut, so a turn stays two lines. */
    static final int MAX_TEXT = 100;

    private TurnPrinter() {
    }

    static void printTurns(PrintWriter out, List<Interaction> turns, String indent) {
        for (int i = 0; i < turns.size(); i++) {
            Interaction turn = turns.get(i);
            out.printf("%s[%d] you:    %s%n", indent, i + 1, shorten(turn.query()));
            out.printf("%s    answer: %s%n", indent, shorten(turn.answer()));
        }
    }

    static String turns(int count) {
        return count + (count == 1 ? " turn" : " turns");
    }

    static String shorten(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        if (oneLine.length() <= MAX_TEXT) {
            return oneLine;
        }
        int cut = MAX_TEXT - 3;
        if (Character.isHighSurrogate(oneLine.charAt(cut - 1))) {
            cut--;
        }
        return oneLine.substring(0, cut) + "...";
    }
}
