"""The app's services beside its UI: admin uploads and re-ingestion, feedback, redaction, the document list, PDF serving."""
