"""Pure mappers, one per legacy shape: legacy dict -> RecordSpec. Nothing here touches the database."""
