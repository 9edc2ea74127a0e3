"""The report conversation's logic, independent of Rasa: questions, answers, summary."""
