"""Heap queues: a list kept so that heap[k] <= heap[2*k+1] and heap[k] <= heap[2*k+2].

pyxray's own implementation of the documented behaviour of CPython's heapq module; items
move in the same order as CPython's, so a printed heap shows the same list.
"""


def _check_list(function, heap):
    if type(heap) is not list:
        raise TypeError(function + "() argument 1 must be list, not " + type(heap).__name__)


def _sift_toward_root(heap, start, pos):
    # The item at pos moves up while it is smaller than its parent.
    item = heap[pos]
    while pos > start:
        parent_pos = (pos - 1) >> 1
        parent = heap[parent_pos]
        if item < parent:
            heap[pos] = parent
            pos = parent_pos
        else:
            break
    heap[pos] = item


def _sift_toward_leaves(heap, pos):
    # The item at pos sinks to a leaf along the smaller children, then rises into place.
    end = len(heap)
    start = pos
    item = heap[pos]
    child = 2 * pos + 1
    while child < end:
        right = child + 1
        if right < end and not heap[child] < heap[right]:
            child = right
        heap[pos] = heap[child]
        pos = child
        child = 2 * pos + 1
    heap[pos] = item
    _sift_toward_root(heap, start, pos)


def heappush(heap, item):
    """Pushes item onto the heap."""
    _check_list("heappush", heap)
    heap.append(item)
    _sift_toward_root(heap, 0, len(heap) - 1)


def heappop(heap):
    """Pops the smallest item off the heap."""
    _check_list("heappop", heap)
    if not heap:
        raise IndexError("index out of range")
    last = heap.pop()
    if heap:
        smallest = heap[0]
        heap[0] = last
        _sift_toward_leaves(heap, 0)
        return smallest
    return last


def heapreplace(heap, item):
    """Pops the smallest item, then pushes item (the heap must not be empty)."""
    _check_list("heapreplace", heap)
    if not heap:
        raise IndexError("index out of range")
    smallest = heap[0]
    heap[0] = item
    _sift_toward_leaves(heap, 0)
    return smallest


def heappushpop(heap, item):
    """Pushes item, then pops the smallest item, faster than the two calls."""
    _check_list("heappushpop", heap)
    if heap and heap[0] < item:
        item, heap[0] = heap[0], item
        _sift_toward_leaves(heap, 0)
    return item


def heapify(x):
    """Turns the list x into a heap, in place."""
    _check_list("heapify", x)
    for i in reversed(range(len(x) // 2)):
        _sift_toward_leaves(x, i)


def nsmallest(n, iterable, key=None):
    """The n smallest items, as sorted(iterable, key=key)[:n]."""
    return sorted(iterable, key=key)[:n]


def nlargest(n, iterable, key=None):
    """The n largest items, as sorted(iterable, key=key, reverse=True)[:n]."""
    return sorted(iterable, key=key, reverse=True)[:n]


def merge(*iterables, key=None, reverse=False):
    """Merges sorted inputs into one sorted stream, lazily; equal items keep input order."""
    iterators = [iter(it) for it in iterables]
    heads = []
    for order in range(len(iterators)):
        for value in iterators[order]:
            heads.append([value, order])
            break
    while heads:
        best = 0
        for i in range(1, len(heads)):
            a = heads[i][0] if key is None else key(heads[i][0])
            b = heads[best][0] if key is None else key(heads[best][0])
            if (b < a) if reverse else (a < b):
                best = i
            elif not (a < b) and not (b < a) and heads[i][1] < heads[best][1]:
                best = i
        value, order = heads[best]
        yield value
        for following in iterators[order]:
            heads[best] = [following, order]
            break
        else:
            del heads[best]
