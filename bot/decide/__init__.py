"""From scores to an Answer: the engine and its thresholds (`engine`, `answer`, `question`),
and the tools that tune and check them (`calibrate`, `evaluate`, `overlap`)."""
