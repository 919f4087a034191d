"""Return and restitution case files: objects, parties, legal basis, documents, procedure, deadlines."""
