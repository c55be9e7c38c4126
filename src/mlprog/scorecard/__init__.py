"""The College Scorecard import: the CSV read, the store, outcomes attached, unranked institutions."""
