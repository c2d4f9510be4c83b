print(*args=1)
