"""The user's own files: settings, the shortlist and notes, applications, their deadlines and calendar."""
