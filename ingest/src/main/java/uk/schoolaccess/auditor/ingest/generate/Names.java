package uk.schoolaccess.auditor.ingest.generate;

import java.util.SplittableRandom;

/** Short built-in name lists: every person in the sample school is invented. */
final class Names {
    static final String[] FORENAMES = {
        "Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Mia", "Arthur", "Ivy", "Leo",
        "Freya", "Oscar", "Lily", "Harry", "Grace", "Jack", "Ella", "Theo", "Rosie", "Finley",
        "Sofia", "Alfie", "Evie", "Henry", "Maya", "Archie", "Poppy", "Thomas", "Zara", "Jacob",
        "Hannah", "Samuel", "Layla", "Reuben", "Nadia", "Kai", "Imogen", "Yusuf", "Chloe", "Ethan",
    };
    static final String[] SURNAMES = {
        "Ashworth", "Barraclough", "Cawthorne", "Dawson", "Eastwood", "Fairbairn", "Greaves",
        "Haigh", "Ibbotson", "Jagger", "Kershaw", "Lockwood", "Mellor", "Naylor", "Oldroyd",
        "Pickles", "Quarmby", "Ramsden", "Sykes", "Thorpe", "Uttley", "Varley", "Whiteley",
        "Yeadon", "Ackroyd", "Brook", "Crossley", "Dyson", "Exley", "Firth", "Gledhill", "Holroyd",
        "Illingworth", "Jessop", "Kaye", "Lumb", "Marsden", "Netherwood", "Oates", "Pogson",
        "Rhodes", "Stansfield", "Tinker", "Walsh", "Ahmed", "Begum", "Chowdhury", "Khan", "Nowak",
        "Okafor", "Patel", "Singh", "Kowalski", "Mensah", "Osei", "Rossi", "Silva", "Murphy",
    };

    private Names() {
    }

    static String forename(SplittableRandom rnd) {
        return FORENAMES[rnd.nextInt(FORENAMES.length)];
    }

    static String surname(SplittableRandom rnd) {
        return SURNAMES[rnd.nextInt(SURNAMES.length)];
    }
}
