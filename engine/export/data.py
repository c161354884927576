# ---------------------------------------------------------------------------
# Reading the CSV file the way Backprop reads it
# ---------------------------------------------------------------------------

BOOLEAN_WORDS = [("false", "true"), ("no", "yes"), ("n", "y"), ("f", "t"), ("off", "on")]
NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def parse_number(text, decimal_comma):
    """A decimal number as Backprop reads one (no inf, nan or hex), or None."""
    text = text.strip()
    if decimal_comma:
        text = text.replace(",", ".")
    if not NUMBER.match(text):
        return None
    return float(text)


def parse_boolean(text, decimal_comma):
    """Backprop's booleans: a number, or one of its yes/no words (as 1 and 0)."""
    value = parse_number(text, decimal_comma)
    if value is not None:
        return value
    for pair in BOOLEAN_WORDS:
        for number, word in enumerate(pair):
            if text.strip().lower() == word:
                return float(number)
    return None


def format_double(value):
    """A number as Backprop writes a cell's value: the shortest of %.15g to %.17g that reads back."""
    for digits in (15, 16, 17):
        text = "%.*g" % (digits, value)
        if float(text) == value:
            return text
    return text


def format_float32(value):
    """A float32 as `backprop-cli predict` writes it: the shortest of %.6g to %.9g that reads back."""
    value = struct.unpack("<f", struct.pack("<f", value))[0]
    for digits in (6, 7, 8, 9):
        text = "%.*g" % (digits, value)
        if struct.unpack("<f", struct.pack("<f", float(text)))[0] == value:
            return text
    return text


def level_key(text):
    """Backprop sorts categories: numbers first, in numeric order, then text in byte order."""
    number = parse_number(text, False)
    if number is not None:
        return (0, number, text.encode("utf-8"))
    return (1, 0.0, text.encode("utf-8"))


def sniff_dialect(lines):
    """For a model's script, which does not know the file: the delimiter Backprop would most
    likely detect (the one that splits the first lines into the same number of fields)."""
    best, best_fields = ",", 1
    for candidate in [",", ";", "\t", "|"]:
        counts = [len(next(csv.reader([line], delimiter=candidate))) for line in lines[:20] if line.strip()]
        if counts and min(counts) == max(counts) and counts[0] > best_fields:
            best, best_fields = candidate, counts[0]
    return best


def read_csv(path):
    """The header and the rows (lists of strings) of a CSV file, blank lines skipped."""
    with open(path, newline="", encoding="utf-8-sig") as stream:
        text = stream.read()
    delimiter = DELIMITER or sniff_dialect(text.splitlines())
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(field != "" for field in row)]
    if not rows:
        sys.exit("%s: the file is empty" % path)
    if HEADER:
        header, rows = rows[0], rows[1:]
    else:
        header = ["column_%d" % (i + 1) for i in range(len(rows[0]))]
    for number, row in enumerate(rows):
        if len(row) != len(header):
            sys.exit("%s: row %d has %d fields, the header %d" % (path, number + 1, len(row), len(header)))
    return header, rows


def is_missing(text):
    return text.strip() in MISSING_MARKERS


def column_cells(header, rows, name):
    if name not in header:
        sys.exit("the data has no column “%s” (it has %s)" % (name, ", ".join(header)))
    index = header.index(name)
    return [None if is_missing(row[index]) else row[index] for row in rows]


def _digits(text, i, most):
    """A run of 1 to `most` digits at text[i:]: (value, count, where it ends)."""
    j = i
    while j < len(text) and j - i < most and "0" <= text[j] <= "9":
        j += 1
    return (int(text[i:j]) if j > i else 0), j - i, j


def _leap(year):
    return (year % 4 == 0 and year % 100 != 0) or year % 400 == 0


def _days_in_month(year, month):
    return 29 if month == 2 and _leap(year) else [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]


def _parse_time(text, i):
    """hh:mm[:ss[.frac]][Z|+hh[:mm]] from text[i:] to its end, as hours (bp-date.c parse_time), or None."""
    h, n, i = _digits(text, i, 2)
    if n == 0 or text[i:i + 1] != ":":
        return None
    m, n, i = _digits(text, i + 1, 2)
    if n != 2:
        return None
    s, fraction = 0, 0.0
    if text[i:i + 1] == ":":
        s, n, i = _digits(text, i + 1, 2)
        if n != 2:
            return None
        if text[i:i + 1] == ".":
            if not ("0" <= text[i + 1:i + 2] <= "9") or text[i + 1:i + 2] == "":
                return None
            scale, i = 0.1, i + 1
            while i < len(text) and "0" <= text[i] <= "9":
                fraction += (ord(text[i]) - ord("0")) * scale
                i, scale = i + 1, scale / 10.0
    if text[i:i + 1] == "Z":
        i += 1
    elif text[i:i + 1] in ("+", "-"):
        _, n, i = _digits(text, i + 1, 2)
        if n != 2:
            return None
        if text[i:i + 1] == ":":
            i += 1
        if "0" <= text[i:i + 1] <= "9" and text[i:i + 1] != "":
            _, n, i = _digits(text, i, 2)
            if n != 2:
                return None
    if i != len(text) or h > 23 or m > 59 or s > 60:
        return None
    return h + m / 60.0 + (s + fraction) / 3600.0


def parse_date(text, day_first):
    """A date, date and time, or time of day as Backprop reads it (engine/bp-date.c): a date is
    its year plus the part of the year gone by (1970-01-01 is 1970.0), a time alone its hours
    since midnight; None when the text is none of these."""
    a, na, i = _digits(text, 0, 4)
    sep = text[i:i + 1]
    date = None
    if na > 0 and sep in ("-", "/", "."):
        b, nb, i = _digits(text, i + 1, 2)
        if nb > 0 and text[i:i + 1] == sep:
            c, nc, i = _digits(text, i + 1, 4)
            if nc > 0:
                if na == 4 and sep != ".":
                    date = (a, b, c) if nc <= 2 else None
                elif na <= 2 and sep != "-" and nc in (4, 2):
                    year = c + (2000 if c < 69 else 1900) if nc == 2 else c
                    date = (year, a, b) if sep != "." and not day_first else (year, b, a)
                if date is not None:
                    year, month, day = date
                    if month < 1 or month > 12 or day < 1 or day > _days_in_month(year, month):
                        date = None
    if date is None:
        return _parse_time(text, 0)
    hours = 0.0
    if i < len(text):
        hours = _parse_time(text, i + 1) if text[i] in ("T", " ") else None
        if hours is None:
            return None
    year, month, day = date
    day_of_year = day - 1 + sum(_days_in_month(year, k) for k in range(1, month))
    return year + (day_of_year + hours / 24.0) / (366.0 if _leap(year) else 365.0)


def dates_day_first(texts):
    """Backprop's guess for dates with slashes (bp_date_guess_order): day first when one of the
    column's texts starts with a number above 12 before its slash, else month first."""
    for text in texts:
        a, na, i = _digits(text, 0, 4)
        if 0 < na <= 2 and text[i:i + 1] == "/" and a > 12:
            return True
    return False


def column_numbers(kind, cells, name, order_cells=None):
    """Each cell's number (None for a missing one). A date column's order (day or month first)
    is guessed from order_cells, the column in the whole file, as Backprop does."""
    if kind != "datetime":
        return [cell_number(kind, cell, name) for cell in cells]
    texts = sorted({c.strip() for c in (order_cells if order_cells is not None else cells) if c is not None})
    day_first = dates_day_first(texts)
    numbers = []
    for cell in cells:
        value = None if cell is None else parse_date(cell.strip(), day_first)
        if cell is not None and value is None:
            # A number in a date column is read as one (1970 is a year already).
            value = parse_number(cell, DECIMAL_COMMA)
        if cell is not None and value is None:
            sys.exit("column “%s”: “%s” is not a date such as 2024-03-01" % (name, cell))
        numbers.append(value)
    return numbers


def cell_number(kind, text, name):
    if text is None:
        return None
    value = parse_boolean(text, DECIMAL_COMMA) if kind == "boolean" else parse_number(text, DECIMAL_COMMA)
    if value is None:
        sys.exit("column “%s”: “%s” is not a number" % (name, text))
    return value


# ---------------------------------------------------------------------------
# Backprop's random numbers: PCG32 (O'Neill 2014), as engine/bp-rng.c
# ---------------------------------------------------------------------------

MASK64 = (1 << 64) - 1


class PCG32:
    """The generator Backprop uses for its split, initial weights and shuffles, bit for bit:
    the same seed and stream give the same numbers as in the app."""

    def __init__(self, seed, stream):
        self.state = 0
        self.inc = ((stream << 1) | 1) & MASK64
        self.next_u32()
        self.state = (self.state + seed) & MASK64
        self.next_u32()

    def next_u32(self):
        old = self.state
        self.state = (old * 6364136223846793005 + self.inc) & MASK64
        xorshifted = (((old >> 18) ^ old) >> 27) & 0xFFFFFFFF
        rot = old >> 59
        return ((xorshifted >> rot) | (xorshifted << ((-rot) & 31))) & 0xFFFFFFFF

    def below(self, bound):
        """Lemire's unbiased multiply-and-reject, as bp_rng_below."""
        m = self.next_u32() * bound
        low = m & 0xFFFFFFFF
        if low < bound:
            threshold = ((1 << 32) - bound) % bound
            while low < threshold:
                m = self.next_u32() * bound
                low = m & 0xFFFFFFFF
        return m >> 32

    def uniform(self):
        hi = self.next_u32() >> 5
        lo = self.next_u32() >> 6
        return ((hi << 26) | lo) * (1.0 / 9007199254740992.0)

    def normal(self):
        u1 = self.uniform()
        while u1 <= 0.0:
            u1 = self.uniform()
        u2 = self.uniform()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

    def shuffle(self, items):
        """Fisher-Yates from the end, as bp_rng_shuffle_u32."""
        for i in range(len(items), 1, -1):
            j = self.below(i)
            items[i - 1], items[j] = items[j], items[i - 1]


# ---------------------------------------------------------------------------
# From a table to numbers: targets, missing values, split, scaling (engine/bp-dataset.c)
# ---------------------------------------------------------------------------

def keras_tail(n, fraction):
    """Keras's validation_split: the rows after floor(n * (1 - fraction))."""
    if fraction <= 0.0:
        return 0
    return n - math.floor(n * (1.0 - fraction))


def split_rows(n, labels, n_classes, split, validation_fraction, test_fraction, seed):
    """Training, validation and test rows, exactly the rows Backprop chose (bp-dataset.c, split_rows)."""
    n_test = keras_tail(n, test_fraction)
    n_validation = keras_tail(n, validation_fraction)
    n_train = n - n_validation - n_test
    order = list(range(n))
    rng = PCG32(seed, 0x5B17)
    if split == "shuffle":
        rng.shuffle(order)
    elif split == "stratified":
        # Per class, shuffle its rows and deal the validation and test shares by largest
        # remainder, so the totals are those of the other splits.
        members = [[i for i in range(n) if labels[i] == c] for c in range(n_classes)]
        for rows in members:
            rng.shuffle(rows)
        count = [len(rows) for rows in members]
        val_share, test_share = [0] * n_classes, [0] * n_classes
        for shares, total in ((val_share, n_validation), (test_share, n_test)):
            given, remainder = 0, [0.0] * n_classes
            for c in range(n_classes):
                exact = float(total) * float(count[c]) / float(n)
                shares[c] = min(math.floor(exact), count[c] - val_share[c] - test_share[c])
                remainder[c] = exact - math.floor(exact)
                given += shares[c]
            while given < total:
                best = None
                for c in range(n_classes):
                    if count[c] > val_share[c] + test_share[c] and (best is None or remainder[c] > remainder[best]):
                        best = c
                if best is None:
                    break
                shares[best] += 1
                remainder[best] = -1.0
                given += 1
        train, validation, test = [], [], []
        for c in range(n_classes):
            v, t = val_share[c], val_share[c] + test_share[c]
            validation += members[c][:v]
            test += members[c][v:t]
            train += members[c][t:]
        return sorted(train), sorted(validation), sorted(test)
    train, validation, test = order[:n_train], order[n_train:n_train + n_validation], order[n_train + n_validation:]
    if split != "keras":
        train, validation, test = sorted(train), sorted(validation), sorted(test)
    return train, validation, test


def build_classes(kind, cells):
    """The target's classes in Backprop's order: categories as sorted, numbers in numeric order
    (named as their first cell reads). Returns the names and a cell -> class function."""
    if kind == "categorical":
        names = sorted({c for c in cells if c is not None}, key=level_key)
        index = {name: i for i, name in enumerate(names)}
        return names, lambda text: index[text]
    values = sorted({cell_number(kind, c, TARGET) for c in cells if c is not None})
    names = [None] * len(values)
    for c in cells:
        if c is not None:
            k = values.index(cell_number(kind, c, TARGET))
            if names[k] is None:
                # bp_table_cell_text: a yes/no word as written, a number as Backprop prints it.
                word = kind == "boolean" and parse_number(c, DECIMAL_COMMA) is None
                names[k] = c if word else format_double(values[k])
    index = {value: i for i, value in enumerate(values)}
    return names, lambda text: index[cell_number(kind, text, TARGET)]


def fit_transform(header, rows, train_rows, keep):
    """Backprop's fitted transform: per feature its center, scale and fill from the training
    rows (scaling), one-hot levels from the whole file, the target's classes or scale."""
    features = []
    for name, kind in FEATURES:
        cells = column_cells(header, rows, name)
        if kind == "categorical":
            levels = sorted({c for c in cells if c is not None}, key=level_key)
            counts = [0] * len(levels)
            index = {level: i for i, level in enumerate(levels)}
            for r in train_rows:
                if cells[keep[r]] is not None:
                    counts[index[cells[keep[r]]]] += 1
            fill = max(range(len(levels)), key=lambda l: (counts[l], -l)) if levels else 0
            features.append({"name": name, "type": kind, "encoding": "one_hot", "levels": levels,
                             "center": 0.0, "scale": 1.0, "fill": float(fill)})
            continue
        values = column_numbers(kind, [cells[keep[r]] for r in train_rows], name, cells)
        present = [v for v in values if v is not None]
        n = len(present)
        total, lo, hi = 0.0, math.inf, -math.inf
        for v in present:
            total += v
            lo, hi = min(lo, v), max(hi, v)
        mean = total / n if n else 0.0
        m2 = 0.0
        for v in present:
            m2 += (v - mean) * (v - mean)
        std = math.sqrt(m2 / n) if n else 0.0     # population std, as scikit-learn's StandardScaler
        constant = n == 0 or hi - lo == 0.0
        center, scale = 0.0, 1.0
        if SCALING == "standardize":
            center, scale = (mean if n else 0.0), (1.0 if constant or std == 0.0 else std)
        elif SCALING == "minmax":
            center, scale = (lo if n else 0.0), (1.0 if constant else hi - lo)
        features.append({"name": name, "type": kind, "encoding": "scaled", "levels": None,
                         "center": center, "scale": scale, "fill": mean if n else 0.0})
    return features


def encode_features(header, rows, features, file_rows=None):
    """x: one row per data row, scaled numbers and one-hot categories; missing cells are
    filled with the fitted fill value (the training mean, or the most frequent category).
    file_rows: all the file's rows, when rows are some of them (how dates are written is
    guessed from the whole column)."""
    x = [[] for _ in rows]
    for feature in features:
        cells = column_cells(header, rows, feature["name"])
        if feature["encoding"] == "scaled":
            whole = column_cells(header, file_rows, feature["name"]) if file_rows is not None else cells
            for i, v in enumerate(column_numbers(feature["type"], cells, feature["name"], whole)):
                if v is None:
                    v = feature["fill"]
                x[i].append((v - feature["center"]) / feature["scale"])
        else:
            levels = feature["levels"]
            index = {level: l for l, level in enumerate(levels)}
            numbers = {parse_number(level, False): l for l, level in enumerate(levels)}
            for i, cell in enumerate(cells):
                if cell is None:
                    level = int(feature["fill"])
                elif cell in index:
                    level = index[cell]
                elif parse_number(cell, DECIMAL_COMMA) in numbers and parse_number(cell, DECIMAL_COMMA) is not None:
                    level = numbers[parse_number(cell, DECIMAL_COMMA)]
                else:
                    sys.exit("column “%s”: “%s” was not seen in training (the model knows %s)"
                             % (feature["name"], cell, ", ".join(levels[:8])))
                one_hot = [0.0] * len(levels)
                one_hot[level] = 1.0
                x[i] += one_hot
    return x


def load_dataset(path, seed):
    """Everything Backprop's dataset holds: x, y, labels, the split and the fitted transform."""
    header, rows = read_csv(path)
    target_cells = column_cells(header, rows, TARGET)
    # Rows Backprop keeps: the target must be there; with MISSING == "drop" every feature too.
    drop = [c is None for c in target_cells]
    if MISSING == "drop":
        for name, _ in FEATURES:
            for i, c in enumerate(column_cells(header, rows, name)):
                drop[i] = drop[i] or c is None
    keep = [i for i in range(len(rows)) if not drop[i]]
    if not keep:
        sys.exit("%s: no rows are left: every row misses a value in the target or a feature column" % path)

    classes, labels = None, None
    if TASK != "regression":
        classes, class_of = build_classes(TARGET_TYPE, target_cells)
        labels = [class_of(target_cells[i]) for i in keep]
    train, validation, test = split_rows(len(keep), labels, len(classes or []), SPLIT,
                                         VALIDATION_FRACTION, TEST_FRACTION, seed)
    target_center, target_scale = 0.0, 1.0
    if TASK == "regression":
        values = [cell_number(TARGET_TYPE, target_cells[i], TARGET) for i in keep]
        if SCALE_TARGET:
            # Welford's running mean and variance over the training rows, in their order.
            mean, m2 = 0.0, 0.0
            for count, r in enumerate(train):
                delta = values[r] - mean
                mean += delta / (count + 1)
                m2 += delta * (values[r] - mean)
            std = math.sqrt(m2 / len(train))
            target_center, target_scale = mean, (std if std > 0.0 else 1.0)
        y = [[(v - target_center) / target_scale] for v in values]
    elif TASK == "binary":
        y = [[float(label)] for label in labels]
    else:
        y = [[1.0 if k == label else 0.0 for k in range(len(classes))] for label in labels]

    features = fit_transform(header, rows, train, keep)
    x = encode_features(header, [rows[i] for i in keep], features, rows)
    transform = {"features": features, "classes": classes,
                 "target_center": target_center, "target_scale": target_scale}
    return {"x": x, "y": y, "labels": labels, "train": train, "validation": validation, "test": test,
            "transform": transform, "source_rows": keep}
