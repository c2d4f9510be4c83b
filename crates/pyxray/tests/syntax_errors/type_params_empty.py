type Empty[] = int
